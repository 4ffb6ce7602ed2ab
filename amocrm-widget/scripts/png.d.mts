export const LOGOS: Array<[name: string, width: number, height: number]>;
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => number[]): Buffer;
export function logo(width: number, height: number): Buffer;
