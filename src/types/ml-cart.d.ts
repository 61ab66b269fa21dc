/**
 * Type declarations for ml-cart 2.1.1, which ships none (stack.md §5). Only the regression tree
 * is declared, with the fields of its `toJSON()` structure that the test oracle of the CART
 * baseline reads to reduce a grown tree to a leaf budget (test/unit/explain/ml-cart-budget.ts).
 */
declare module 'ml-cart' {
  export interface DecisionTreeRegressionOptions {
    /** Only 'regression' is supported for regression trees. @default 'regression' */
    gainFunction?: 'regression';
    /** Only 'mean' (midpoint between neighbouring values) is supported. @default 'mean' */
    splitFunction?: 'mean';
    /** A node with at most this many rows becomes a leaf. @default 3 */
    minNumSamples?: number;
    /** @default Infinity */
    maxDepth?: number;
    /** A split must bring its children's summed squared error above this value (sic). @default 0 */
    gainThreshold?: number;
  }

  /**
   * One node of a trained tree, as `toJSON().root` exposes it. An internal node has `left`,
   * `right`, `splitColumn` and `splitValue` (rows with `x[splitColumn] < splitValue` go left);
   * a leaf has `distribution`, the mean of its training values.
   */
  export interface CartNodeJSON {
    splitColumn?: number;
    splitValue?: number;
    /** Summed squared error of the two children (what the split minimised). */
    gain?: number;
    numberSamples?: number;
    left?: CartNodeJSON;
    right?: CartNodeJSON;
    distribution?: number;
  }

  export interface DecisionTreeRegressionJSON {
    name: 'DTRegression';
    options: DecisionTreeRegressionOptions & { kind: 'regression' };
    root: CartNodeJSON;
  }

  export class DecisionTreeRegression {
    constructor(options?: DecisionTreeRegressionOptions);
    train(trainingSet: number[][] | number[], trainingValues: number[]): void;
    predict(toPredict: number[][] | number[]): number[];
    toJSON(): DecisionTreeRegressionJSON;
    static load(model: DecisionTreeRegressionJSON): DecisionTreeRegression;
  }
}
