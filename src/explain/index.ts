/**
 * The explanation layer's public surface (DESIGN.md §4): per-state explanations, global feature
 * influence, rules, fidelity beside CART and a linear model, and the exporters (JSON, DOT, text,
 * HTML, standalone code). Plain TypeScript over the LMUT's public views: no tfjs, no environments,
 * no file system — exporters return strings and callers write them.
 */
export { type DecisionTerms, decisionTerms } from './decision.ts';
export { type Condition, type Contribution, type ExplainOptions, type Explanation, explainState, formatExplanation, formatNetworkLine, formatStateLine, type LeafRef } from './local.ts';
export { featureInfluence, type FeatureInfluence, type InfluenceReport, type NodeInfluence } from './influence.ts';
export { collapseConditions, conditionsText, type Interval, intervalText, linearFormText, type Rule, type RuleModel, type RuleOptions, treeRules } from './rules.ts';
export { type FidelityOptions, type FidelityReport, type GreedyReturn, type GreedyReturns, leavesPerAction, measureFidelity, type ModelFidelity, type ModelName } from './fidelity.ts';
export { type Coverage, type CoverageOptions, measureCoverage } from './coverage.ts';
export { coverageText, fidelityTableData, formatFidelityTable, perActionTableData, type TableData, textTable } from './fidelity-table.ts';
export { type BaselineOptions, type Baselines, CartBaseline, fitBaselines, fitCart, fitLinear, LinearBaseline } from './baselines.ts';
export { actionAgreement, type ErrorMetrics, errorMetrics, labelRange } from './metrics.ts';
export type { LabelledStates } from './data.ts';
export type { NameOptions } from './names.ts';
export { exportTreeJSON, loadTreeFile } from './export/json.ts';
export { type DotExportOptions, exportDot } from './export/dot.ts';
export { exportText, RULES_PRECISION, rulesText, type TextExportOptions } from './export/text.ts';
export { exportHtml, type HtmlReportInput } from './export/html.ts';
export { type CodeExportOptions, exportCode } from './export/code.ts';
