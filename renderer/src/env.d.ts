// Ambient declarations for what Vite resolves at build time and what the preload may add to window.lucarne.
declare module '*?url' {
  const url: string;
  export default url;
}

declare module 'pdfjs-dist/build/pdf.mjs' {
  export * from 'pdfjs-dist';
}

interface ImportMeta {
  /** Vite's import.meta.glob (lazy form): module path → loader. */
  glob<T = unknown>(
    pattern: string,
    options: { query?: string; import?: string; eager?: false },
  ): Record<string, () => Promise<T>>;
}
