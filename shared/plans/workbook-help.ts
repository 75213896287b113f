/** The 说明 sheet: how to fill in the workbook, in Chinese and English side by side. */
export interface HelpLine {
  zh: string;
  en: string;
  heading?: boolean;
}

export const helpLines: readonly HelpLine[] = [
  { zh: '任务分解表填写说明', en: 'How to fill in the breakdown workbook', heading: true },
  {
    zh: '系统读取「计划信息」「单位表」「任务表」三张表，以及可选的「单位明细」「考核设置」表，本页仅供参考。导入时一次列出全部问题，并注明表名、行号和列名，如「任务表 第5行 完成时限」。',
    en: 'The sheets 计划信息, 单位表 and 任务表 are read, and 单位明细 and 考核设置 when present; this page is not. An import lists every problem at once with its sheet, row and column, e.g. 任务表 第5行 完成时限.',
  },
  { zh: '计划信息', en: 'Plan (计划信息)', heading: true },
  { zh: '编号：计划编号，只用小写字母、数字和连字符，如 cixi-2022。', en: '编号: the plan id, lowercase letters, digits and hyphens, e.g. cixi-2022.' },
  { zh: '名称：计划名称。年度：四位年份，所有完成时限须在该年度内。', en: '名称: the plan name. 年度: the year; every deadline must fall in it.' },
  { zh: '时区：可不填，默认 Asia/Shanghai。', en: '时区: optional, Asia/Shanghai by default.' },
  {
    zh: '审核层级：可不填，默认 2。2 表示牵头单位验收后由市局销号；1 表示牵头单位验收即销号。',
    en: '审核层级: optional, 2 by default. 2: the lead unit accepts, then the bureau closes the task; 1: acceptance closes it.',
  },
  {
    zh: '预警幅度：可不填，默认 10%。数量类任务完成比例落后序时进度超过该幅度、指标类任务数值偏离目标超过目标值的该比例时亮黄灯。',
    en: '预警幅度: optional, 10% by default. A quantity task more than this many points behind its milestones, or an indicator off its target by more than this share of it, shows yellow.',
  },
  {
    zh: '升级阶梯：可不填，默认“提醒5/催办1/督办5/通报10/约谈20”，单位为工作日。截止前 5 个工作日起提醒未完成的任务；逾期或落后序时进度满 1 个工作日催办、5 个督办、10 个通报、20 个约谈。可只写需要调整的级别，如“催办2/督办6”；催办、督办、通报、约谈的天数须依次增大。',
    en: '升级阶梯: optional, 提醒5/催办1/督办5/通报10/约谈20 by default, in working days. A task not done is reminded from 5 working days before its deadline; one overdue or behind schedule is chased (催办) after 1 working day, supervised (督办) after 5, listed in the bulletin (通报) after 10, its leaders summoned (约谈) after 20. Write only the steps to change, e.g. 催办2/督办6; 催办 < 督办 < 通报 < 约谈.',
  },
  { zh: '单位表（每行一个责任单位）', en: 'Units (单位表), one row per responsible unit', heading: true },
  {
    zh: '单位：单位全称。任务表中可用全称、去掉“街道/镇/乡/区/县/市”的简称（如“浒山”“宁海”）或编号指代单位。',
    en: '单位: the full name. 任务表 may name a unit by its full name, its short name without 街道/镇/乡/区/县/市 (浒山, 宁海), or its id.',
  },
  {
    zh: '类型：镇、街道、区、县、县级市（也可写“市”）、开发区（也可写“园区”“功能区”）或部门。编号：单位编号（小写字母、数字、连字符），如 hushan。',
    en: '类型: 镇 (town), 街道 (street), 区 (district), 县 (county), 县级市 or 市 (county-level city), 开发区, 园区 or 功能区 (development zone), or 部门 (department). 编号: the unit id (lowercase letters, digits, hyphens), e.g. hushan.',
  },
  {
    zh: '标签：可不填。类型之外的分组，如“沿海、村庄”，用顿号分隔，每个标签不含空格和标点；任务表的单位范围可按标签选取单位。',
    en: '标签: optional. Groups that kinds do not give, e.g. 沿海、村庄, separated by 、, each one word without spaces or punctuation; 单位范围 in 任务表 can choose units by tag.',
  },
  {
    zh: '其余各列为按比例分解的基数，表头写成“企业数 (enterprises)”，括号中为基数编号；不适用的单位留空。',
    en: 'Further columns are bases for proportional splits, headed like 企业数 (enterprises) with the base id in brackets; leave a cell empty where a base does not apply.',
  },
  { zh: '任务表（每行一项目标任务）', en: 'Goals (任务表), one row per goal', heading: true },
  {
    zh: '序号：仅供阅读。编号：目标编号，建议填写；留空时按序号生成（goal-序号），调整行序后重新分解会产生新任务。',
    en: '序号: for reading. 编号: the goal id; fill it in. Left empty it becomes goal-<序号>, which changes when rows move, and a new breakdown then makes new tasks.',
  },
  {
    zh: '类型：数量（可分解的工作量，如 110 个治理项目）、指标（各单位须达到的数值，如 PM2.5 ≤ 29）、行动（完成即可的工作，如修编规划）。',
    en: '类型: 数量 (a quantity to split, e.g. 110 projects), 指标 (a value every unit must hold, e.g. PM2.5 ≤ 29), 行动 (an action to complete, e.g. revise a plan).',
  },
  {
    zh: '目标值、计量单位：数量和指标必填，数量须为整数，“150以上”表示下限（达到150即完成，超出部分单独统计）；行动不填。方向：指标必填，≤ 不高于，≥ 不低于，> 高于，< 低于（> < 等于目标值不算达标）。',
    en: '目标值, 计量单位: required for 数量 (a whole number; 150以上 is a floor: met at 150, more reported as excess) and 指标; empty for 行动. 方向: required for 指标, ≤ at most, ≥ at least, > more than, < less than (> and < are not met by a value equal to the target).',
  },
  {
    zh: '基准值、变化、基准年：指标目标按基准值的变化写时（如“比2023年下降5%”）填这三列，目标值留空。基准值写统一基准值或各单位基准值，如“30、海曙区 31.2、宁海县 24.5”；变化如“下降5%”“-5%”“上升10%”；基准年如 2023。各单位目标值 = 基准值 ×（1 + 变化），保留两位小数，按从严方向取舍。',
    en: '基准值, 变化, 基准年: for an indicator set as a change from a baseline (比2023年下降5%), with 目标值 left empty. 基准值: one baseline for all and/or each unit\'s own, e.g. 30、海曙区 31.2; 变化: 下降5%, -5% or 上升10%; 基准年: e.g. 2023. Each unit\'s target = baseline × (1 + change), to 2 decimals, rounded the demanding way.',
  },
  {
    zh: '牵头单位：一个单位，或联合牵头的多个单位（至多5个），用顿号“、”分隔，第一个为主牵头单位；每个牵头单位都可审核本目标的任务。配合单位：可填多个，用顿号“、”分隔。完成时限：日期，如 2022-12-31。',
    en: '牵头单位: one unit, or up to 5 joint leads separated by 、, the first the primary lead; each lead reviews the goal\'s tasks. 配合单位: several, separated by 、. 完成时限: a date such as 2022-12-31.',
  },
  {
    zh: '分解方式：配额（逐个单位写明数量）、平均（整数平均分配）、按比例（按单位表中的基数分配）、各单位（每个单位承担同一目标值）、牵头（只下达给牵头单位）。',
    en: '分解方式: 配额 (a stated share per unit), 平均 (whole shares as equal as possible), 按比例 (in proportion to a base of 单位表), 各单位 (every unit holds the target), 牵头 (one task for the lead unit).',
  },
  {
    zh: '可用的分解方式：数量——配额、平均、按比例、各单位、牵头；指标——各单位、配额、牵头；行动——各单位、牵头。',
    en: 'Methods allowed: 数量 — 配额, 平均, 按比例, 各单位, 牵头; 指标 — 各单位, 配额, 牵头; 行动 — 各单位, 牵头.',
  },
  {
    zh: '单位范围（平均、按比例、各单位时使用）：全部镇街、全部部门、全部单位，或用顿号分隔的单位名称；留空即全部镇街。',
    en: '单位范围 (for 平均, 按比例, 各单位): 全部镇街, 全部部门, 全部单位 or unit names separated by 、; empty means 全部镇街.',
  },
  {
    zh: '也可按单位表的类型或标签选取：“类型：区、县、县级市”为这些类型的全部单位，“标签：沿海”为带有该标签的单位，“类型：县；标签：村庄”为同时满足两者的单位。同一项中列出多个值时满足其一即可。',
    en: 'Or by the 类型 or 标签 of 单位表: 类型：区、县、县级市 is every unit of those kinds, 标签：沿海 the units with that tag, 类型：县；标签：村庄 the units meeting both. Of several values in one part, any one will do.',
  },
  { zh: '分解基数（按比例时必填）：单位表中基数列的名称，如“企业数”。', en: '分解基数 (required for 按比例): the name of a base column of 单位表, e.g. 企业数.' },
  {
    zh: '配额/调整值：配额时写各单位数量，如“龙山镇 2、周巷镇 1”，数量类合计须等于目标值；各单位时可为个别单位写不同目标值。',
    en: '配额/调整值: for 配额 each unit and its share, e.g. 龙山镇 2、周巷镇 1, summing to the target of a 数量 goal; for 各单位 the units whose target differs.',
  },
  {
    zh: '序时进度（数量类可填）：日期和累计比例，如“2022-06-30 40%；2022-09-30 70%”；不填则按季度平均推进，最后一个节点为完成时限 100%。',
    en: '序时进度 (数量 only, optional): dates and cumulative shares, e.g. 2022-06-30 40%；2022-09-30 70%; empty means equal quarterly steps, ending at 100% on the deadline.',
  },
  { zh: '分解依据：分解方式的说明，可不填。', en: '分解依据: why the goal is split this way, optional.' },
  { zh: '单位明细（可不填，每行一个单位的任务）', en: 'Per-unit detail (单位明细), optional, one row per unit\'s task', heading: true },
  {
    zh: '任务编号：任务表中目标的编号。单位：单位表中的单位，须是该目标分解到的单位（牵头方式只下达给主牵头单位）。同一目标同一单位只写一行。',
    en: '任务编号: the 编号 of the goal in 任务表. 单位: a unit of 单位表 that the goal gives a task (with 牵头, the primary lead only). One row per goal and unit.',
  },
  {
    zh: '任务名称、备注、完成时限、序时进度：该单位任务自己的名称、备注（显示在任务页和台账中）、完成时限（在计划年度内，用于督办）和序时进度（数量类，写法同任务表）；留空的沿用任务表。',
    en: '任务名称, 备注, 完成时限, 序时进度: the unit\'s own title, note (shown on the task and in the ledger), deadline (inside the plan year; the chase follows it) and milestones (数量 only, written as in 任务表); empty ones take the goal\'s.',
  },
  { zh: '考核设置（可不填，年度考核的评分规则）', en: 'Assessment rules (考核设置), optional', heading: true },
  {
    zh: '每行一项规则，「说明」列解释其含义；内容留空的取默认值，删去整张表则全部取默认值。权重表按目标编号填写，未列出的目标权重为 1；分类考核表每行一个排名分组，单位类型用顿号分隔，优秀/良好/合格留空的沿用上方等次。',
    en: 'One rule a row, explained in 说明; an empty 内容 keeps the default, and without the sheet every rule is the default. Weights are by goal 编号 (a goal not listed weighs 1); groups are ranked apart, their 单位类型 separated by 、, their empty 优秀/良好/合格 taking the bands above.',
  },
];
