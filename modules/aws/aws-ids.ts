import { matches } from "../core/rules";

/** The formats of AWS identifiers that props and config take, in one place. */

export const ACCOUNT_ID = matches(/^\d{12}$/, "a 12-digit AWS account id");
export const VPC_ID = matches(/^vpc-[0-9a-f]{8,17}$/, "a VPC id (vpc-...)");
export const SUBNET_ID = matches(/^subnet-[0-9a-f]{8,17}$/, "a subnet id (subnet-...)");
export const SECURITY_GROUP_ID = matches(/^sg-[0-9a-f]{8,17}$/, "a security group id (sg-...)");
