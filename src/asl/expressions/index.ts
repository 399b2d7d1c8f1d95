/** The syntax of ASL's expressions: JSONPath, reference paths, filters and intrinsic calls. */
export type { ExpressionSyntaxError } from './cursor';
export {
  parseJsonPath,
  parseReferencePath,
  isVariablePart,
  isVariableStart,
  type JsonPath,
  type PathParseResult,
  type PathRoot,
  type PathSegment,
} from './path-syntax';
export type { FilterExpression, FilterOperand, FilterOperator } from './filter-syntax';
export {
  looksLikeIntrinsic,
  parseIntrinsic,
  type IntrinsicArgument,
  type IntrinsicCall,
  type IntrinsicParseResult,
} from './intrinsic-parser';
