// Stands in for a card provider's browser SDK, which turns a card number into a token so that
// the number never reaches our server. The simulated gateway (tenant_apps/orders/payments.py)
// declines `tok_declined` and `tok_insufficient_funds`; the numbers follow the usual test cards.
const DECLINING: Record<string, string> = { "4000000000000002": "tok_declined", "4000000000009995": "tok_insufficient_funds" };

export function digits(number: string): string {
  return number.replace(/[\s-]/g, "");
}

/** The Luhn check every card number passes. */
export function luhnValid(number: string): boolean {
  const d = digits(number);
  if (!/^\d{12,19}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = Number(d[d.length - 1 - i]);
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

/** The token for a card number, or null when the number is not a card number. */
export function tokenize(number: string): string | null {
  const d = digits(number);
  if (!luhnValid(d)) return null;
  return DECLINING[d] ?? `tok_sim_${d.slice(-4)}`;
}
