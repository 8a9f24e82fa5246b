import { handlerFor } from "./respond";

export const handler = handlerFor("payments");
