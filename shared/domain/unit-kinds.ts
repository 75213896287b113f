/**
 * What a responsible unit (责任单位) is: a town or street of a county's plan, a district, county, county-level
 * city or development zone of a city's, or a department. Apart from plan.ts so that the assessment rules,
 * which plan.ts imports, group the same kinds.
 */
export const unitKinds = ['town', 'street', 'district', 'county', 'city', 'zone', 'department'] as const;
export type UnitKindName = (typeof unitKinds)[number];

/** Each kind as documents, workbooks and problems write it. */
export const unitKindNamesZh: Record<UnitKindName, string> = {
  town: '镇',
  street: '街道',
  district: '区',
  county: '县',
  city: '县级市',
  zone: '开发区',
  department: '部门',
};
