// Hours typed as text and delivery-zone polygons drawn on a plain grid (no map tiles: none are
// reachable offline). Metres east/north of the location, by an equirectangular projection, which
// is exact enough for a few kilometres.

/** "11:00-15:00, 17:00–22:30" → [["11:00","15:00"],["17:00","22:30"]]; "" → [] (closed). */
export function parseRanges(text: string): string[][] {
  return text.split(/[,;]/).map((part) => part.trim()).filter(Boolean).map((part) => part.split(/\s*[-–]\s*/).map((s) => s.trim()));
}

export function rangesText(ranges: string[][] | undefined): string {
  return (ranges ?? []).map((range) => range.join("–")).join(", ");
}

const M_PER_DEG_LAT = 110_540;
const mPerDegLng = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

export type LatLng = [number, number];

/** A point's offset from `origin` in metres: [east, north]. */
export function toMetres(origin: LatLng, point: LatLng): [number, number] {
  return [(point[1] - origin[1]) * mPerDegLng(origin[0]), (point[0] - origin[0]) * M_PER_DEG_LAT];
}

/** The point `east`/`north` metres from `origin`, rounded to 6 decimals (about 10 cm). */
export function fromMetres(origin: LatLng, east: number, north: number): LatLng {
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return [round(origin[0] + north / M_PER_DEG_LAT), round(origin[1] + east / mPerDegLng(origin[0]))];
}

/** Half the width of the square the preview shows: every point and the radius fit, at least 2 km. */
export function extentMetres(origin: LatLng, points: LatLng[], radius: number | null = null): number {
  const far = Math.max(radius ?? 0, ...points.map((p) => Math.max(...toMetres(origin, p).map(Math.abs))));
  return Math.max(2000, Math.ceil((far * 1.2) / 500) * 500);
}

/** The ring the API takes: closed (the last point repeats the first); fewer than 3 points: null. */
export function closedRing(points: LatLng[]): LatLng[] | null {
  if (points.length < 3) return null;
  const [first, last] = [points[0]!, points[points.length - 1]!];
  return first[0] === last[0] && first[1] === last[1] ? points : [...points, first];
}

/** The points an owner edits: the API's closed ring without its repeated last point. */
export function openRing(polygon: number[][] | null | undefined): LatLng[] {
  const points = (polygon ?? []).map((p) => [p[0]!, p[1]!] as LatLng);
  if (points.length > 1) {
    const [first, last] = [points[0]!, points[points.length - 1]!];
    if (first[0] === last[0] && first[1] === last[1]) points.pop();
  }
  return points;
}
