import { describe, expect, it } from "vitest";
import { closedRing, extentMetres, fromMetres, openRing, parseRanges, rangesText, toMetres, type LatLng } from "./geometry";

const MITTE: LatLng = [52.52, 13.405];

describe("opening hours typed as text", () => {
  it("become the API's ranges, and back", () => {
    expect(parseRanges("11:00-15:00, 17:00–22:30")).toEqual([["11:00", "15:00"], ["17:00", "22:30"]]);
    expect(parseRanges("  ")).toEqual([]);
    expect(rangesText([["07:00", "02:00"]])).toBe("07:00–02:00");
  });
});

describe("a delivery zone drawn on the grid", () => {
  it("turns metres from the location into coordinates and back", () => {
    const point = fromMetres(MITTE, 1000, -500);
    const [east, north] = toMetres(MITTE, point);
    expect(east).toBeCloseTo(1000, -1);
    expect(north).toBeCloseTo(-500, -1);
  });

  it("shows every point with room around it, never less than 2 km each way", () => {
    expect(extentMetres(MITTE, [])).toBe(2000);
    expect(extentMetres(MITTE, [fromMetres(MITTE, 4000, 0)])).toBe(5000);
    expect(extentMetres(MITTE, [], 3000)).toBe(4000);
  });

  it("closes the ring for the API and opens it for editing", () => {
    const points: LatLng[] = [[1, 1], [1, 2], [2, 2]];
    expect(closedRing(points)).toEqual([[1, 1], [1, 2], [2, 2], [1, 1]]);
    expect(closedRing(points.slice(0, 2))).toBeNull();
    expect(openRing([[1, 1], [1, 2], [2, 2], [1, 1]])).toEqual(points);
    expect(openRing(null)).toEqual([]);
  });
});
