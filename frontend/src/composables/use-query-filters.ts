// A list page's filters live in the URL query (shareable, kept on back/forward): the form edits a
// draft, "Filter" writes it to the URL, and every change of the URL loads the list again.
import { computed, reactive, ref, watch } from "vue";
import { useRoute, useRouter } from "vue-router";
import { ApiError } from "@/api/errors";

export function useQueryFilters<F extends Record<string, string>, R extends { count: number }>(
  defaults: F,
  pageSize: number,
  load: (query: F, page: number, pageSize: number) => Promise<R>,
) {
  const route = useRoute();
  const router = useRouter();
  const draft = reactive({ ...defaults }) as F;
  const result = ref<R | null>(null) as { value: R | null };
  const error = ref<ApiError | null>(null);
  const loading = ref(false);
  let latest = 0;

  function fromRoute(): F {
    const query: Record<string, string> = { ...defaults };
    for (const key of Object.keys(defaults)) {
      const value = route.query[key];
      if (typeof value === "string") query[key] = value;
    }
    return query as F;
  }

  function page(): number {
    return Math.max(1, Number(route.query.page) || 1);
  }

  async function refresh() {
    const query = fromRoute();
    Object.assign(draft, query);
    const call = ++latest; // an answer to an older query is dropped
    loading.value = true;
    try {
      const value = await load(query, page(), pageSize);
      if (call === latest) {
        result.value = value;
        error.value = null;
      }
    } catch (exc) {
      if (call === latest) error.value = exc instanceof ApiError ? exc : new ApiError(0, null);
    } finally {
      if (call === latest) loading.value = false;
    }
  }

  function apply(page = 1) {
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(draft)) if (value && value !== defaults[key]) query[key] = value;
    if (page > 1) query.page = String(page);
    void router.push({ query });
  }

  function clear() {
    Object.assign(draft, defaults);
    apply();
  }

  watch(() => route.query, refresh, { immediate: true });
  const pages = computed(() => Math.max(1, Math.ceil((result.value?.count ?? 0) / pageSize)));
  return { draft, result, error, loading, apply, clear, page, pages, refresh };
}
