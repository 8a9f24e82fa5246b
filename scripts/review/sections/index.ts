import type { FactSection } from "../facts";
import { attachmentsSection } from "./attachments";
import { cannotVerifySection } from "./cannot-verify";
import { credentialsSection } from "./credentials";
import { egressSection } from "./egress";
import { exposureSection } from "./exposure";
import { gcpSection } from "./gcp";
import { networkSection } from "./network";
import { otherGrantsSection } from "./other-grants";
import { permissionsSection } from "./permissions";
import { providersSection } from "./providers";
import { stateSection } from "./state";

/**
 * The tables of the security section after the IAM statements and trust policies, in the order the
 * report shows them. A new table is one file here and one line in this list; every kind of the
 * catalog's `grants` must be read by one of them or by the IAM tables (a test checks).
 */
export const FACT_SECTIONS: readonly FactSection[] = [
  attachmentsSection,
  permissionsSection,
  networkSection,
  exposureSection,
  gcpSection,
  credentialsSection,
  egressSection,
  otherGrantsSection,
  providersSection,
  stateSection,
  cannotVerifySection,
];

/** A section by id. */
export function factSection(id: string): FactSection {
  const section = FACT_SECTIONS.find((s) => s.id === id);
  if (!section) throw new Error(`review: no section ${id}`);
  return section;
}
