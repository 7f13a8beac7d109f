import { mount, flushPromises } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { i18n } from "@/i18n";
import { fakeServer, json } from "@/test/fake-server";
import ItemForm from "./ItemForm.vue";
import { useEditorMessages } from "./messages";

const CATEGORY = "33333333-3333-4333-8333-333333333333";

describe("the menu editor's item form", () => {
  let fake: ReturnType<typeof fakeServer>;
  beforeEach(() => {
    setActivePinia(createPinia());
    useEditorMessages();
    fake = fakeServer({
      "POST /api/v1/manage/items/": async (request) => {
        const body = await request.json();
        if (body.name === "Taken") {
          return json(400, { type: "validation_error", code: "invalid_input", detail: "Invalid input.", fields: { name: ["An item of this name is already in the category."] } });
        }
        return json(201, { ...body, id: "i-1", position: 0, created: "", updated: "", image_url: null, sold_out: false, sold_out_until: null });
      },
    });
    vi.stubGlobal("fetch", fake.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  const mountForm = () => mount(ItemForm, { props: { category: CATEGORY }, global: { plugins: [i18n] }, attachTo: document.body });

  it("puts the API's validation error on its field, tied to the input and announced", async () => {
    const wrapper = mountForm();
    await wrapper.find("input[name=name]").setValue("Taken");
    await wrapper.find("input[name=price]").setValue("4.50");
    await wrapper.find("form").trigger("submit");
    await flushPromises();
    const input = wrapper.find("input[name=name]");
    expect(input.attributes("aria-invalid")).toBe("true");
    const error = wrapper.find(`#${input.attributes("aria-describedby")!.split(" ")[0]}`);
    expect(error.text()).toBe("An item of this name is already in the category.");
    expect(error.attributes("aria-live")).toBe("polite");
    expect(wrapper.emitted("saved")).toBeUndefined();
    wrapper.unmount();
  });

  it("refuses a price that is not a number without asking the server", async () => {
    const wrapper = mountForm();
    await wrapper.find("input[name=name]").setValue("Classic");
    await wrapper.find("input[name=price]").setValue("cheap");
    await wrapper.find("form").trigger("submit");
    await flushPromises();
    expect(wrapper.find("input[name=price]").attributes("aria-invalid")).toBe("true");
    expect(wrapper.text()).toContain("Enter a price such as 4.50.");
    expect(fake.count("POST", "/api/v1/manage/items/")).toBe(0);
    wrapper.unmount();
  });

  it("creates the item in its category with the price in cents and empties itself", async () => {
    const wrapper = mountForm();
    await wrapper.find("input[name=name]").setValue("Classic");
    await wrapper.find("input[name=price]").setValue("9,90");
    await wrapper.find("input[value=vegan]").setValue(true);
    await wrapper.find("form").trigger("submit");
    await flushPromises();
    expect(JSON.parse(fake.calls[0]!.body)).toMatchObject({ category: CATEGORY, name: "Classic", price_cents: 990, dietary_tags: ["vegan"] });
    expect(wrapper.emitted("saved")?.[0]?.[0]).toMatchObject({ id: "i-1", name: "Classic" });
    expect((wrapper.find("input[name=name]").element as HTMLInputElement).value).toBe("");
    wrapper.unmount();
  });
});
