/**
 * Provider arguments that decide who applies a stack's resources and where: the account or
 * project, the identity assumed or impersonated, the credentials, the region, the API endpoints.
 * Changing one, adding a provider (an alias), or pointing a resource at another provider makes
 * resources apply as another identity or in another account, whatever they say themselves. Other
 * provider arguments (default tags, retries...) are settings.
 */
export const PROVIDER_IDENTITY_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  aws: [
    "alias",
    "region",
    "allowed_account_ids",
    "forbidden_account_ids",
    "assume_role",
    "assume_role_with_web_identity",
    "profile",
    "access_key",
    "secret_key",
    "token",
    "shared_credentials_files",
    "shared_config_files",
    "endpoints",
    "custom_ca_bundle",
    "sts_region",
    "use_fips_endpoint",
  ],
  google: ["alias", "project", "region", "zone", "credentials", "access_token", "impersonate_service_account", "impersonate_service_account_delegates", "billing_project", "user_project_override", "universe_domain"],
};

/**
 * The identity arguments of a provider type (`google-beta` as `google`); for a provider the
 * catalog does not describe, every argument.
 */
export function providerIdentityArguments(type: string): readonly string[] | "all" {
  return PROVIDER_IDENTITY_ARGUMENTS[type === "google-beta" ? "google" : type] ?? "all";
}
