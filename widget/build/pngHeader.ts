const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export class NotAPng extends Error {
  override name = 'NotAPng';
}

/** Width and height from the IHDR chunk, which the PNG format requires to come first. */
export function readPngSize(bytes: Uint8Array, label: string): { width: number; height: number } {
  const signatureMatches = PNG_SIGNATURE.every((byte, i) => bytes[i] === byte);
  const ihdr = String.fromCharCode(...bytes.subarray(12, 16));
  if (!signatureMatches || ihdr !== 'IHDR' || bytes.length < 24) {
    throw new NotAPng(`${label} is not a PNG file (no PNG signature and IHDR chunk at its start).`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
