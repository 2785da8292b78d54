// Leaks that LeakSanitizer (--config=asan, --config=fuzz) must not report because they are
// inside Debian's uninstrumented libraries, not graphgen: Graphviz 2.42's dot layout keeps
// its virtual nodes and edges past gvFreeLayout, gvContext keeps its plugin config past
// gvFreeContext, and fontconfig (under cairo) caches for the process. Linked into every
// binary that uses those libraries; the hook is never called outside sanitizer builds.
// libgvc is built without frame pointers, so a leak's stack ends in its gmalloc/grealloc
// and only the module name can match; graph objects we open come from libcgraph, whose
// leaks (a missing agclose) are still reported.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libgvplugin_dot_layout.so\n"
         "leak:libgvc.so\n"
         "leak:libfontconfig.so\n";
}
