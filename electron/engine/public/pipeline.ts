// Public: the indexing pipeline's stages one by one (parse, OCR, chunk, the library), for the benchmarks that
// time each stage and the CLI tests that build a library by hand. The app and the CLI go through the Engine.
export { chunkDocument } from '../chunk/index';
export { openLibrary } from '../library/open-library';
export { closeOcr } from '../ocr/ocr-engine';
export { tessdataDir } from '../ocr/tessdata';
export { closeParsers, parseFile, parseInProcess } from '../parse/index';
export { renderPdfPage } from '../parse/pdf-render';
