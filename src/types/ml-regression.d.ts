/**
 * Type declarations for ml-regression 6.3.0, which ships none (stack.md §5). Its multivariate
 * linear regression is re-exported from `ml-regression-multivariate-linear`, which has types;
 * only the simple linear regression is declared here (the rest of the package is unused).
 */
declare module 'ml-regression' {
  import MultivariateLinearRegression = require('ml-regression-multivariate-linear');
  export { MultivariateLinearRegression };

  export class SimpleLinearRegression {
    constructor(x: number[], y: number[]);
    slope: number;
    intercept: number;
    coefficients: number[];
    predict(x: number): number;
    predict(x: number[]): number[];
    computeX(y: number): number;
    toJSON(): { name: 'simpleLinearRegression'; slope: number; intercept: number };
  }
}
