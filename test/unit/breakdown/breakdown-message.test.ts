import { describe, expect, it } from 'vitest';
import { breakdownMessage } from '../../../shared/notify/breakdown-message.js';

const plan = { name: '慈溪市 2026 年生态环境目标', revision: 3 };

describe('breakdownMessage', () => {
  it('names what changed, in English and Chinese', () => {
    // Act
    const message = breakdownMessage(plan, { created: 2, updated: 1, withdrawn: 0 });

    // Assess
    expect(message.title).toBe('2 new tasks, 1 revised in plan 慈溪市 2026 年生态环境目标 / 计划「慈溪市 2026 年生态环境目标」新增任务 2 项、调整 1 项');
    expect(message.body).toContain('Revision 3 of plan');
    expect(message.body).toContain('第 3 版已完成任务分解：新增任务 2 项、调整 1 项。');
  });

  it('speaks of one task in the singular and leaves out what did not happen', () => {
    // Act
    const message = breakdownMessage(plan, { created: 1, updated: 0, withdrawn: 1 });

    // Assess
    expect(message.title).toBe('1 new task, 1 withdrawn in plan 慈溪市 2026 年生态环境目标 / 计划「慈溪市 2026 年生态环境目标」新增任务 1 项、撤销 1 项');
  });
});
