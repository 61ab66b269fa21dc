/** Types of compiled.js (plain JavaScript: it runs before tsx is registered). */
export declare const QLENS_ROOT: string;
export declare function compiledMain(options?: { root?: string; cacheDir?: string }): Promise<string | undefined>;
export declare function keepInUse(entryUrl: string): void;
