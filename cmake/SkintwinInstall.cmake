include(CMakePackageConfigHelpers)

install(TARGETS skintwin skintwin_cli
  EXPORT skintwinTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/skintwin DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/generated/include/skintwin/core/build_config.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/skintwin/core)
install(EXPORT skintwinTargets NAMESPACE skintwin:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/skintwin)

configure_package_config_file(cmake/skintwinConfig.cmake.in
  ${PROJECT_BINARY_DIR}/skintwinConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/skintwin)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/skintwinConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/skintwinConfig.cmake ${PROJECT_BINARY_DIR}/skintwinConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/skintwin)
