# Finds the Debian packages Dossier builds on. Shared by the build and by the
# installed DossierConfig.cmake, so both resolve dependencies the same way.
include(CMakeFindDependencyMacro)

# Debian's xapian-config.cmake defines no imported target; pkg-config does.
find_dependency(PkgConfig)
if(NOT TARGET PkgConfig::XAPIAN)
  pkg_check_modules(XAPIAN REQUIRED IMPORTED_TARGET GLOBAL xapian-core)
endif()
# The HTML5 parser of the article extractor (lib/ingest).
if(NOT TARGET PkgConfig::GUMBO)
  pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET GLOBAL gumbo)
endif()
find_dependency(ICU COMPONENTS uc i18n data)
find_dependency(Threads)

# Only for building Dossier itself, never for its users (the installed package
# config includes this file with DOSSIER_BUILDING unset):
#  - nlohmann-json, header-only, read by lib/ingest;
#  - fmt, which the example programs and tools print with;
#  - CLI11, header-only, which every program (examples, bench, tools) parses
#    its command line with;
#  - Debian's compiled cpp-httplib, which dossier-serve serves HTTP with.
if(DOSSIER_BUILDING)
  find_package(nlohmann_json 3 REQUIRED)
  find_package(fmt REQUIRED)
  find_package(CLI11 CONFIG REQUIRED)
  if(DOSSIER_BUILD_EXAMPLES AND NOT TARGET PkgConfig::HTTPLIB)
    pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET GLOBAL cpp-httplib)
  endif()
endif()
