import { matches } from "../core/rules";

/**
 * S3 general purpose bucket naming rules: 3 to 63 lowercase letters, digits, `-` and `.`, starting
 * and ending with a letter or digit, no `..`, `.-` or `-.`, not an IP address, none of the reserved
 * prefixes and suffixes. https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export const S3_BUCKET_NAME = matches(
  /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(-s3alias|--ol-s3|\.\.|\.-|-\.))(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  "3 to 63 lowercase letters, digits, - and . (S3 bucket naming rules)",
);
