import { mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import { i18n } from "@/i18n";
import SortableList from "./SortableList.vue";
import { moved } from "./sortable";

const items = [{ id: "a", name: "Burgers" }, { id: "b", name: "Sides" }, { id: "c", name: "Drinks" }];
const mountList = () => mount(SortableList, {
  props: { items, label: (item: { id: string }) => items.find((i) => i.id === item.id)!.name, name: "Categories" },
  slots: { default: `<template #default="{ item }">{{ item.name }}</template>` },
  global: { plugins: [i18n] },
});

describe("a sortable list", () => {
  it("moves an entry up or down with its buttons and says where it went", async () => {
    const wrapper = mountList();
    await wrapper.find("[data-test='move-down-Burgers']").trigger("click");
    expect(wrapper.emitted("reorder")?.[0]).toEqual([["b", "a", "c"]]);
    expect(wrapper.find("[role=status]").text()).toBe("Burgers moved to position 2 of 3.");
    await wrapper.find("[data-test='move-up-Drinks']").trigger("click");
    expect(wrapper.emitted("reorder")?.[1]).toEqual([["a", "c", "b"]]);
  });

  it("moves an entry with Alt+arrow keys on its handle, and not past either end", async () => {
    const wrapper = mountList();
    const handle = wrapper.find("[aria-label='Drag Sides to move it']");
    await handle.trigger("keydown", { key: "ArrowUp", altKey: true });
    expect(wrapper.emitted("reorder")?.[0]).toEqual([["b", "a", "c"]]);
    await wrapper.find("[aria-label='Drag Burgers to move it']").trigger("keydown", { key: "ArrowUp", altKey: true });
    await handle.trigger("keydown", { key: "ArrowUp" }); // without Alt: the page scrolls as usual
    expect(wrapper.emitted("reorder")).toHaveLength(1);
    expect(wrapper.find("[data-test='move-up-Burgers']").attributes("disabled")).toBeDefined();
  });

  it("drops a dragged entry where it is dropped", async () => {
    const wrapper = mountList();
    await wrapper.find("[aria-label='Drag Drinks to move it']").trigger("dragstart");
    await wrapper.find("[data-test='sortable-Burgers']").trigger("drop");
    expect(wrapper.emitted("reorder")?.[0]).toEqual([["c", "a", "b"]]);
  });
});

it("moving an id keeps every other in its order", () => {
  expect(moved(["a", "b", "c", "d"], 3, 1)).toEqual(["a", "d", "b", "c"]);
  expect(moved(["a", "b", "c"], 0, 2)).toEqual(["b", "c", "a"]);
});
