import { aclGrantsOf, aclPermissionCovers } from "../../../../modules/core/terraform/acl-grants";
import { TerraformModel } from "../../../../modules/core/terraform/model";

const grants = (json: Record<string, unknown>, address: string) =>
  (aclGrantsOf(TerraformModel.fromJson(json), address).grants ?? []).map((g) => `${g.permission} ${g.grantee}${g.public ? " (public)" : ""} on ${g.on}`);

describe("aclGrantsOf: the entries of S3 and Cloud Storage ACLs", () => {
  test("S3: canned ACLs as the grants they stand for, explicit grants by group URI, id and e-mail", () => {
    const json = {
      resource: {
        aws_s3_bucket_acl: {
          canned: { bucket: "b", acl: "public-read-write" },
          explicit: {
            bucket: "${aws_s3_bucket.b.id}",
            access_control_policy: {
              owner: { id: "owner" },
              grant: [
                { grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, permission: "READ" },
                { grantee: { type: "CanonicalUser", id: "abc" }, permission: "FULL_CONTROL" },
                { grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/s3/LogDelivery" }, permission: "WRITE" },
              ],
            },
          },
          odd: { bucket: "b", acl: "something-new" },
        },
        aws_s3_bucket: { inline: { bucket: "i", acl: "authenticated-read" } },
        aws_s3_object: { o: { bucket: "b", key: "k", acl: "private" } },
      },
    };
    expect(grants(json, "aws_s3_bucket_acl.canned")).toEqual(["READ AllUsers (public) on b", "WRITE AllUsers (public) on b"]);
    expect(grants(json, "aws_s3_bucket_acl.explicit")).toEqual([
      "READ AuthenticatedUsers (public) on ${aws_s3_bucket.b.id}",
      "FULL_CONTROL id:abc on ${aws_s3_bucket.b.id}",
      "WRITE LogDelivery on ${aws_s3_bucket.b.id}",
    ]);
    // A canned ACL it does not know is a grant nothing covers.
    expect(grants(json, "aws_s3_bucket_acl.odd")).toEqual(["? acl:something-new on b"]);
    expect(grants(json, "aws_s3_bucket.inline")).toEqual(["READ AuthenticatedUsers (public) on ${aws_s3_bucket.inline.id}"]);
    expect(grants(json, "aws_s3_object.o")).toEqual([]);
  });

  test("Cloud Storage: predefined ACLs (any case, dashes ignored), role entities, access controls", () => {
    const json = {
      resource: {
        google_storage_bucket_acl: { a: { bucket: "b", predefined_acl: "public-Read", role_entity: ["OWNER:project-owners-1", "READER:allAuthenticatedUsers"], default_acl: "projectPrivate" } },
        google_storage_default_object_acl: { d: { bucket: "b", role_entity: ["READER:allUsers"] } },
        google_storage_object_access_control: { o: { bucket: "b", object: "x", entity: "user-a@example.com", role: "OWNER" } },
      },
    };
    expect(grants(json, "google_storage_bucket_acl.a")).toEqual([
      "READER allUsers (public) on b",
      "OWNER project-owners-1 on b",
      "READER allAuthenticatedUsers (public) on b",
      "READER project-viewers on b (new objects)",
    ]);
    expect(grants(json, "google_storage_default_object_acl.d")).toEqual(["READER allUsers (public) on b (new objects)"]);
    expect(grants(json, "google_storage_object_access_control.o")).toEqual(["OWNER user-a@example.com on b/x"]);
  });

  test("permissions cover: FULL_CONTROL and OWNER everything, WRITER reading", () => {
    expect(aclPermissionCovers("FULL_CONTROL", "WRITE_ACP")).toBe(true);
    expect(aclPermissionCovers("OWNER", "WRITER")).toBe(true);
    expect(aclPermissionCovers("WRITER", "READER")).toBe(true);
    expect(aclPermissionCovers("READER", "WRITER")).toBe(false);
    expect(aclPermissionCovers("READ", "WRITE")).toBe(false);
    expect(aclPermissionCovers("FULL_CONTROL", "?")).toBe(false);
  });

  test("another type has no ACL", () => {
    expect(aclGrantsOf(TerraformModel.fromJson({ resource: { aws_s3_bucket_policy: { p: { bucket: "b" } } } }), "aws_s3_bucket_policy.p").grants).toBeUndefined();
  });
});
