import type { ProjectConfig } from "./types";

export const project: ProjectConfig = {
  name: "svc",
  owner: "platform-team",
};
