import { handlerFor } from "./respond";

export const handler = handlerFor("notify");
