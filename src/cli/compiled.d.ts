/** Types of compiled.js (plain JavaScript: it runs before tsx is registered). */
export declare const QLENS_ROOT: string;
/** `sourceMaps` (default: QLENS_DEBUG is set) compiles with linked source maps, into an output of its own. */
export declare function compiledMain(options?: { root?: string; cacheDir?: string; sourceMaps?: boolean }): Promise<string | undefined>;
export declare function keepInUse(entryUrl: string): void;
