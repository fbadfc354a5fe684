"use client";

import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type HistoryPoint = {
  day: string;
  orgs: number;
  active: number;
  trialing: number;
  pastDue: number;
  mrr: number;
  metered: number;
  runs: number;
};

const usd = (v: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(v);
const shortDay = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

/** MRR and orgs by state over the snapshot history (one point a day). */
export function TrendCharts({ history }: { history: HistoryPoint[] }) {
  if (history.length < 2) return <p className="text-sm text-zinc-600">Charts appear once two daily snapshots exist.</p>;
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <figure data-testid="chart-mrr" aria-label="MRR over time">
        <figcaption className="mb-2 text-sm font-medium">MRR</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <AreaChart data={history} margin={{ left: 8, right: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" />
            <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={24} fontSize={12} />
            <YAxis tickFormatter={usd} width={72} fontSize={12} />
            <Tooltip formatter={(v) => usd(Number(v))} labelFormatter={(d) => shortDay(String(d))} />
            <Area type="monotone" dataKey="mrr" name="MRR" stroke="#4f46e5" fill="#e0e7ff" isAnimationActive={false} />
            <Area type="monotone" dataKey="metered" name="of it metered" stroke="#0d9488" fill="#ccfbf1" isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </figure>
      <figure data-testid="chart-orgs" aria-label="Orgs over time">
        <figcaption className="mb-2 text-sm font-medium">Orgs</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={history} margin={{ left: 8, right: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" />
            <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={24} fontSize={12} />
            <YAxis allowDecimals={false} width={48} fontSize={12} />
            <Tooltip labelFormatter={(d) => shortDay(String(d))} />
            <Legend />
            <Line type="monotone" dataKey="orgs" name="All" stroke="#18181b" dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="active" name="Active" stroke="#059669" dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="trialing" name="Trialing" stroke="#4f46e5" dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="pastDue" name="Past due" stroke="#d97706" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
