import { computed, ref, shallowRef } from 'vue';
import type { Plan } from '../../../shared/domain/plan';
import type { Problem } from '../../../shared/domain/problem';
import { previewBreakdown, previewTaskCount } from '../../../shared/plans/breakdown-preview';
import { readPlanUpload } from './planFile';

/** The file read last: its name, and either the plan it holds or every problem found in it. */
export type PlanUpload = { fileName: string } & ({ ok: true; plan: Plan } | { ok: false; problems: Problem[] });

/**
 * A plan file checked in the page before anything is sent: the CLI's checks (planFile.ts), and for a clean
 * file the preview of what the breakdown would make of it. Reading a second file forgets the first.
 */
export function usePlanUpload() {
  const reading = ref<string | null>(null);
  const upload = shallowRef<PlanUpload | null>(null);

  async function read(file: File): Promise<void> {
    reading.value = file.name;
    upload.value = null;
    try {
      const result = await readPlanUpload(file);
      upload.value = result.ok ? { fileName: file.name, ok: true, plan: result.value } : { fileName: file.name, ok: false, problems: result.problems };
    } finally {
      reading.value = null;
    }
  }

  function forget(): void {
    upload.value = null;
  }

  const preview = computed(() => (upload.value?.ok ? previewBreakdown(upload.value.plan) : []));
  const taskCount = computed(() => previewTaskCount(preview.value));

  return { reading, upload, preview, taskCount, read, forget };
}
