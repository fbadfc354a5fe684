import { cn } from "@/components/ui/cn";

/** A labelled bar: amber from 80 % of the allowance, red at 100 %; no bar where there is no limit, since nothing fills. */
export function UsageMeter({ label, used, allowed }: { label: string; used: number; allowed: number | null }) {
  const share = allowed ? Math.min(1, used / allowed) : 0;
  const tone = share >= 1 ? "bg-red-600" : share >= 0.8 ? "bg-amber-500" : "bg-emerald-600";
  return (
    <div data-testid={`meter-${label.toLowerCase().split(" ")[0]}`}>
      <div className="mb-1 flex justify-between text-sm">
        <span className="font-medium">{label}</span>
        <span className="text-zinc-600">
          {allowed === null
            ? `${used.toLocaleString("en-US")} · unlimited`
            : `${used.toLocaleString("en-US")} / ${allowed.toLocaleString("en-US")}`}
        </span>
      </div>
      {allowed === null ? null : (
        <div
          className="h-2 rounded-full bg-zinc-100"
          role="meter"
          aria-label={label}
          aria-valuenow={used}
          aria-valuemin={0}
          aria-valuemax={allowed}
        >
          <div className={cn("h-2 rounded-full", tone)} style={{ width: `${Math.round(share * 100)}%` }} />
        </div>
      )}
    </div>
  );
}
