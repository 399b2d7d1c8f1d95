import { installQuietRuntime } from './quiet-runtime';

installQuietRuntime();

// The SDK versions are pinned; their notice about future Node requirements would only clutter test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
