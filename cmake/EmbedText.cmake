# Turns a text file into a C++ source that defines svc::default_policy_text().
file(READ ${INPUT} content)
set(delim "SVC_EMBED_")
get_filename_component(outdir ${OUTPUT} DIRECTORY)
file(MAKE_DIRECTORY ${outdir})
file(WRITE ${OUTPUT}.tmp
"// Generated from share/svc/policy.toml by cmake/EmbedText.cmake; do not edit.\n#include <string_view>\nnamespace svc {\nstd::string_view default_policy_text() {\n    return R\"${delim}(${content})${delim}\";\n}\n}\n")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
