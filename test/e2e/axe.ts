import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * axe-core over the page as it stands: no serious or critical violation, and `color-contrast`
 * must have run (text at least 4.5:1, large text 3:1). `view` names the state in the failure.
 */
export async function expectNoSeriousViolations(page: Page, view: string) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.passes.map((rule) => rule.id)).toContain("color-contrast");
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      view,
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
  expect(serious).toEqual([]);
}
