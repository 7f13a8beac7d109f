// Puts an API error on the form: each `fields` entry beside its input (the input points at it with
// aria-describedby, the message sits in an aria-live region), the rest as the form's own message.
import { computed, ref } from "vue";
import { ApiError } from "@/api/errors";

export function useFormErrors(fieldNames: readonly string[] = []) {
  const error = ref<ApiError | null>(null);
  const local = ref<Record<string, string>>({});

  function field(name: string): string | undefined {
    return local.value[name] ?? error.value?.field(name);
  }

  /** The message for the whole form: the detail, unless every message found its field. */
  const general = computed(() => {
    const err = error.value;
    if (!err) return "";
    const placed = Object.keys(err.fields).some((key) => fieldNames.some((f) => key === f || key.startsWith(f + ".")));
    return placed && Object.keys(err.fields).every((key) => fieldNames.some((f) => key === f || key.startsWith(f + ".")))
      ? ""
      : err.detail;
  });

  return {
    error,
    field,
    general,
    /** Records an error thrown by the API client; anything else is rethrown. */
    take(exc: unknown): void {
      if (!(exc instanceof ApiError)) throw exc;
      error.value = exc;
    },
    /** A check made in the browser before sending (the server stays the judge). */
    set(name: string, message: string): void {
      local.value = { ...local.value, [name]: message };
    },
    clear(): void {
      error.value = null;
      local.value = {};
    },
  };
}
