import { expect, it } from "vitest";
import { dailySeries } from "./series";

it("daily reports become one revenue series per location over the dates, oldest first, with each day's totals", () => {
  const row = (business_date: string, location_name: string, revenue_cents: number, sales_orders: number) => ({ business_date, location_name, revenue_cents, sales_orders, orders: sales_orders + 1 });
  const series = dailySeries([row("2026-12-08", "Mitte", 5000, 3), row("2026-12-07", "Mitte", 2000, 1), row("2026-12-08", "Kreuzberg", 1000, 1)]);
  expect(series.dates).toEqual(["2026-12-07", "2026-12-08"]);
  expect(series.revenue).toEqual([{ place: "Kreuzberg", cents: [0, 1000] }, { place: "Mitte", cents: [2000, 5000] }]);
  expect(series.totals).toEqual([{ date: "2026-12-07", revenue_cents: 2000, sales: 1, orders: 2 }, { date: "2026-12-08", revenue_cents: 6000, sales: 4, orders: 6 }]);
});
