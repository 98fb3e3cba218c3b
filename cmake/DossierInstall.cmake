# install(EXPORT) + package config, so that users can find_package(Dossier).
include(CMakePackageConfigHelpers)

install(TARGETS dossier EXPORT DossierTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/dossier
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(DOSSIER_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Dossier)
install(EXPORT DossierTargets NAMESPACE dossier:: DESTINATION ${DOSSIER_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/DossierConfig.cmake.in
  ${PROJECT_BINARY_DIR}/DossierConfig.cmake INSTALL_DESTINATION ${DOSSIER_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/DossierConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/DossierConfig.cmake
              ${PROJECT_BINARY_DIR}/DossierConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/DossierDependencies.cmake
        DESTINATION ${DOSSIER_CMAKE_DIR})

# For pkg-config users: `pkg-config --cflags --libs dossier`, with --static for
# the static library (it lists what a static Dossier needs linked beside it).
# Paths relative to the .pc file, so that `cmake --install --prefix` elsewhere
# still gives a right one.
file(RELATIVE_PATH DOSSIER_PC_TO_PREFIX /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
configure_file(${PROJECT_SOURCE_DIR}/cmake/dossier.pc.in ${PROJECT_BINARY_DIR}/dossier.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/dossier.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
