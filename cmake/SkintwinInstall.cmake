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

# What skintwinConfig.cmake makes hdf5::hdf5 from (the static library's private HDF5, which the
# consumer links): the library file hdf5::hdf5 pointed at in this build, as FindHDF5's target
# links only that; its whole link list where the target has no single location.
get_target_property(SKINTWIN_HDF5_LIBRARIES hdf5::hdf5 IMPORTED_LOCATION)
if(NOT SKINTWIN_HDF5_LIBRARIES)
  set(SKINTWIN_HDF5_LIBRARIES ${HDF5_C_LIBRARIES})
endif()
get_target_property(SKINTWIN_HDF5_INCLUDE_DIRS hdf5::hdf5 INTERFACE_INCLUDE_DIRECTORIES)
get_target_property(SKINTWIN_HDF5_DEFINITIONS hdf5::hdf5 INTERFACE_COMPILE_DEFINITIONS)
foreach(_var SKINTWIN_HDF5_INCLUDE_DIRS SKINTWIN_HDF5_DEFINITIONS)
  if(NOT ${_var})
    set(${_var} "")
  endif()
endforeach()

# The LAPACK libraries FindLAPACK chose (the library's private LAPACK, linked by the consumer too).
set(SKINTWIN_LAPACK_LIBRARIES ${LAPACK_LIBRARIES})

configure_package_config_file(cmake/skintwinConfig.cmake.in
  ${PROJECT_BINARY_DIR}/skintwinConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/skintwin)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/skintwinConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/skintwinConfig.cmake ${PROJECT_BINARY_DIR}/skintwinConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/skintwin)
