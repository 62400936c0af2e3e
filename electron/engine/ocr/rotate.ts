// Turns a page image upright before recognition: scanners feed pages sideways or upside down, and
// Tesseract's LSTM reader does not turn them itself (it reads noise, sometimes with a passable confidence).
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { Orientation } from './ocr-engine';

/** The image turned `degrees` clockwise, as PNG. */
export async function rotateImage(image: Buffer, degrees: Orientation): Promise<Buffer> {
  if (degrees === 0) return image;
  const picture = await loadImage(image);
  const sideways = degrees === 90 || degrees === 270;
  const canvas = createCanvas(sideways ? picture.height : picture.width, sideways ? picture.width : picture.height);
  const context = canvas.getContext('2d');
  context.translate(canvas.width / 2, canvas.height / 2);
  context.rotate((degrees * Math.PI) / 180);
  context.drawImage(picture, -picture.width / 2, -picture.height / 2);
  return canvas.toBuffer('image/png');
}
