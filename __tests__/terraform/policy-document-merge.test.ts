import { MERGE_EXPECTED } from "../modules/core/terraform/merge-fixture";
import { describeWithTerraform, PLAN_TIMEOUT_MS, plannedStack } from "./harness";

// The model merges source and override documents by Sid "as the provider does": here aws 5.100.0
// itself renders the fixture of the model's unit test (policies.test.ts) in the run's plan batch
// (a data source needs no account), each document written as `Sid Effect Actions;...`, and lists
// the statements the model lists, in the same order.

describeWithTerraform()("aws_iam_policy_document merge, as aws 5.100.0 renders it", () => {
  test.each(Object.entries(MERGE_EXPECTED))(
    "%s",
    async (name, expected) => {
      const run = await plannedStack("policy-document-merge");
      expect(run.failedStep).toBeUndefined();
      const rendered = new RegExp(`merge_${name}\\s+= "([^"]*)"`).exec(run.output)?.[1];
      expect(rendered?.split(";")).toEqual(expected);
    },
    PLAN_TIMEOUT_MS,
  );
});
