import { describe, expect, it } from "vitest";
import { takeHandoverCode } from "./handover";

describe("takeHandoverCode", () => {
  it("takes the code from the fragment and leaves no trace of it in the address or history", () => {
    history.replaceState(null, "", "/manage/?tab=1#handover=abc-DEF_123");
    expect(takeHandoverCode()).toBe("abc-DEF_123");
    expect(window.location.href).toBe("http://burger.localhost/manage/?tab=1");
    expect(window.location.hash).toBe("");
  });

  it("finds nothing when the fragment holds no code", () => {
    history.replaceState(null, "", "/manage/#menu");
    expect(takeHandoverCode()).toBeNull();
    expect(window.location.hash).toBe("#menu");
  });
});
