// The records of an admin tab: loaded when the tab opens, reloaded after each change, with one status and one open form.
import { onMounted, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message-box/style/css';
import { errorMessage } from '../shared/api.js';
import type { FieldSpec, FormValues } from '../shared/form-spec.js';
import { t, type MessageKey } from '../shared/i18n.js';

/** A form the tab asks for: the props of the form dialog. */
export interface FormRequest {
  title: MessageKey;
  testId: string;
  fields: readonly FieldSpec[];
  submit(values: FormValues): Promise<void>;
}

/** What went wrong last, kept as key and message so that it follows the language. */
export interface Failure {
  key: 'admin.loadFailed' | 'admin.actionFailed';
  message: string;
}

export interface Records<T> {
  records: ShallowRef<readonly T[]>;
  loading: Ref<boolean>;
  failure: ShallowRef<Failure | null>;
  form: ShallowRef<FormRequest | null>;
  reload(): Promise<void>;
  open(request: FormRequest): void;
  closeForm(): void;
  /** Runs a change, then reloads; a failure shows on the status line. */
  act(change: () => Promise<unknown>): void;
  /** Asks before deleting `name`; deletes and reloads when the user agrees. */
  remove(name: string, change: () => Promise<unknown>): Promise<void>;
}

export function useRecords<T>(load: () => Promise<T[]>): Records<T> {
  const records = shallowRef<readonly T[]>([]);
  const loading = ref(true);
  const failure = shallowRef<Failure | null>(null);
  const form = shallowRef<FormRequest | null>(null);

  async function reload(): Promise<void> {
    loading.value = true;
    try {
      records.value = await load();
      failure.value = null;
    } catch (error) {
      failure.value = { key: 'admin.loadFailed', message: errorMessage(error) };
    } finally {
      loading.value = false;
    }
  }

  function act(change: () => Promise<unknown>): void {
    change()
      .then(reload)
      .catch((error: unknown) => (failure.value = { key: 'admin.actionFailed', message: errorMessage(error) }));
  }

  async function remove(name: string, change: () => Promise<unknown>): Promise<void> {
    const agreed = await ElMessageBox.confirm(t('admin.confirmDelete', { name }), t('admin.delete'), {
      type: 'warning',
      confirmButtonText: t('admin.delete'),
      cancelButtonText: t('form.cancel'),
    }).then(
      () => true,
      () => false,
    );
    if (agreed) act(change);
  }

  const open = (request: FormRequest): void => void (form.value = request);
  const closeForm = (): void => void (form.value = null);
  onMounted(() => void reload());
  return { records, loading, failure, form, reload, open, closeForm, act, remove };
}
