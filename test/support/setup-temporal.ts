import { installQuietRuntime } from './quiet-runtime';

installQuietRuntime();
