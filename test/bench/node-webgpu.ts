// WebGPU in Node for the bench (--backend webgpu): Dawn through the npm package `webgpu` (dawn.node), on the
// SwiftShader adapter that ships with Debian's chromium (webgpu.md section 6). Call before initBackend('webgpu'),
// which imports tfjs-backend-webgpu: that module looks for navigator.gpu when it loads.
export async function exposeNodeWebGpu(): Promise<void> {
  // Needs the Vulkan loader (Debian: apt-get install libvulkan1); without it Dawn finds no adapter.
  process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
  let dawn: typeof import('webgpu');
  try {
    dawn = await import('webgpu');
  } catch (e) {
    throw new Error(`--backend webgpu in Node needs the dev dependency "webgpu" (npm install): ${(e as Error).message}`);
  }
  Object.assign(globalThis, dawn.globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn.create([]) }, configurable: true });
}
