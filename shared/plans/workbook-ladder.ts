import { levelLabels } from '../domain/lateness.js';
import type { Ladder } from '../domain/tracking.js';

/**
 * 升级阶梯 in 计划信息 as one line a clerk reads: `提醒5/催办1/督办5/通报10/约谈20`, each step named by its
 * level (the words of the chase) with its working days. Writer and reader share these names.
 */
export const ladderLabels: Readonly<Record<keyof Ladder, string>> = {
  remindBefore: levelLabels.remind,
  urge: levelLabels.urge,
  supervise: levelLabels.supervise,
  notice: levelLabels.notice,
  summon: levelLabels.summon,
};

const ladderFields = Object.keys(ladderLabels) as (keyof Ladder)[];

export function formatLadder(ladder: Ladder): string {
  return ladderFields.map((field) => `${ladderLabels[field]}${ladder[field]}`).join('/');
}

export type LadderRead = { ok: true; ladder: Partial<Ladder> } | { ok: false; entry: string; twice: boolean };

/**
 * `提醒5/催办1/督办5/通报10/约谈20` → the steps it names (others keep their defaults). Steps may be
 * separated by / 、 ; , (either width) or new lines, written `催办 1`, `催办：1` or `催办1天`. A step
 * that cannot be read, or is named twice, is returned as `entry` to report; numbers are taken as
 * written, for validation to check (whole, 0–250, rising).
 */
export function parseLadder(text: string): LadderRead {
  const ladder: Partial<Ladder> = {};
  for (const entry of text.split(/[/／、;；,，\n]+/).map((e) => e.trim()).filter(Boolean)) {
    const match = /^(\S+?)\s*[:：]?\s*(\d+(?:\.\d+)?)\s*(?:个?工作日|天|日)?$/.exec(entry);
    const field = match && ladderFields.find((f) => ladderLabels[f] === match[1]);
    if (!match || !field) return { ok: false, entry, twice: false };
    if (ladder[field] !== undefined) return { ok: false, entry, twice: true };
    ladder[field] = Number(match[2]);
  }
  return { ok: true, ladder };
}
