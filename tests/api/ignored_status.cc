// Compiled by nodiscard.cmake twice: as is it must build; with
// -DIGNORE_ERRORS each fallible call drops its Result/Status, which must fail
// under -Werror=unused-result. Never linked.
#include <dossier/dossier.h>
#include <dossier/sharding.h>

int main() {
  auto writer = dossier::IndexWriter::Open("index");
  if (!writer) return 1;
#ifdef IGNORE_ERRORS
  writer->commit();
#else
  if (!writer->commit()) return 1;
#endif
  return 0;
}
