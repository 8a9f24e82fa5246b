import { type CatalogEntry } from "../entry";

/** Allows an account, an organization or anyone to use a layer version. */
export const entry: CatalogEntry = {
  type: "aws_lambda_layer_version_permission",
  forceNew: { all: true, except: ["skip_destroy"] },
  grants: [
    { kind: "resource-permission", attributes: ["*"] },
  ],
  local: { kind: "inert", why: "who else may use the layer: no other account is emulated" },
};
