/** The renderer's door into src/model: fresh documents, examples, parsing dropped files, data widths. */
export {
  newDocument as newModel,
  newEmptyDocument as newEmptyModel,
  EXAMPLES,
  exampleById,
} from '#src/model/examples';
export { parseModel as parseModelText, type ParseResult } from '#src/model/parse';
export { staticWidths } from '#src/model/data';
