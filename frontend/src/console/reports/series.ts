// Daily reports (one row per location and business date) as the chart's series: dates oldest
// first, one revenue series per location, and the day's totals.
import type { Schemas } from "@/api/client";

type Report = Pick<Schemas["DailyReport"], "business_date" | "location_name" | "revenue_cents" | "sales_orders" | "orders">;

export function dailySeries(reports: readonly Report[]) {
  const dates = [...new Set(reports.map((r) => r.business_date))].sort();
  const places = [...new Set(reports.map((r) => r.location_name))].sort();
  const cell = (date: string, place: string) => reports.find((r) => r.business_date === date && r.location_name === place);
  return {
    dates,
    revenue: places.map((place) => ({ place, cents: dates.map((date) => cell(date, place)?.revenue_cents ?? 0) })),
    totals: dates.map((date) => {
      const rows = reports.filter((r) => r.business_date === date);
      return { date, revenue_cents: rows.reduce((n, r) => n + r.revenue_cents, 0), sales: rows.reduce((n, r) => n + r.sales_orders, 0), orders: rows.reduce((n, r) => n + r.orders, 0) };
    }),
  };
}
