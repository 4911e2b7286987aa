// A failure the console cannot go on after (the session could not be read): shown instead of the page.
import { ref } from 'vue';

export const fatal = ref('');
