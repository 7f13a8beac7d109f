// The sign-in and registration forms: one submission at a time, the server's errors on the
// fields, and on success back to where the person came from (`?next=`, a path on this host only).
import { ref } from "vue";
import { useRoute, useRouter } from "vue-router";
import { useFormErrors } from "./use-form-errors";

export function useAuthForm(fields: readonly string[], action: () => Promise<unknown>) {
  const route = useRoute();
  const router = useRouter();
  const form = useFormErrors(fields);
  const busy = ref(false);

  async function submit(): Promise<void> {
    form.clear();
    busy.value = true;
    try {
      await action();
      const next = route.query.next;
      await router.replace(typeof next === "string" && next.startsWith("/") && !next.startsWith("//") ? next : "/account");
    } catch (exc) {
      form.take(exc);
    } finally {
      busy.value = false;
    }
  }

  return { form, busy, submit };
}
