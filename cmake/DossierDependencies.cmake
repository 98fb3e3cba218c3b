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
find_dependency(fmt)
find_dependency(Threads)

# dossier-serve (an example program, not the library) serves HTTP with Debian's
# compiled cpp-httplib; the installed package config never needs it.
if(DOSSIER_BUILD_EXAMPLES AND NOT TARGET PkgConfig::HTTPLIB)
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET GLOBAL cpp-httplib)
endif()
