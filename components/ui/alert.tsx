import type { ReactNode } from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "@/components/ui/cn";

const alertVariants = cva("rounded-lg border px-4 py-3 text-sm", {
  variants: {
    tone: {
      error: "border-red-200 bg-red-50 text-red-800",
      success: "border-emerald-200 bg-emerald-50 text-emerald-800",
      info: "border-brand-100 bg-brand-50 text-brand-700",
      warning: "border-amber-200 bg-amber-50 text-amber-900",
    },
  },
  defaultVariants: { tone: "info" },
});

export function Alert({
  tone,
  children,
  className,
  testId,
}: VariantProps<typeof alertVariants> & { children: ReactNode; className?: string; testId?: string }) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cn(alertVariants({ tone }), className)} data-testid={testId}>
      {children}
    </div>
  );
}
