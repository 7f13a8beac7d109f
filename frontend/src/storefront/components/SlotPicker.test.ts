import { flushPromises, mount } from "@vue/test-utils";
import { createPinia } from "pinia";
import { afterEach, describe, expect, it, vi } from "vitest";
import { i18n } from "@/i18n";
import { fakeServer, json } from "@/test/fake-server";
import SlotPicker from "./SlotPicker.vue";

const LOCATION = "11111111-1111-4111-8111-111111111111";

describe("the slot picker", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("reopens a chosen slot on its day on the location's clock, not the UTC day", async () => {
    const asked: (string | null)[] = [];
    const fake = fakeServer({
      [`GET /api/v1/locations/${LOCATION}/slots/`]: (request) => {
        asked.push(new URL(request.url).searchParams.get("date"));
        return json(200, { date: asked.at(-1), slots: [] });
      },
    });
    vi.stubGlobal("fetch", fake.fetch);
    mount(SlotPicker, {
      props: { modelValue: "2026-06-10T23:30:00Z", locationId: LOCATION, timezone: "Europe/Berlin" }, // 01:30 on the 11th in Berlin
      global: { plugins: [i18n, createPinia()] },
    });
    await flushPromises();
    expect(asked).toEqual(["2026-06-11"]);
  });
});
